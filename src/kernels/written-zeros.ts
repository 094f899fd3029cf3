// A large typed array that is read before it is written, in no order (a hash
// table's slots, a dense index, a set's words), has its fresh pages mapped on
// first read to the kernel's one page of zeros; the first write to each then
// copies it and flushes the old mapping from every core's TLB, which in a
// multi-threaded process interrupts the other core: in a VM, an exit to the
// host each time. In a GA4 run's perf samples, do_wp_page → flush_tlb_mm_range
// → smp_call_function_many_cond, with the interrupt's sending and taking,
// was some 5 %, under a table's rehash and lookups. Writing the zeros at once
// maps each page for writing, once, with no copy and no flush.

/** `length` zeros, every page already written. */
export function writtenInt32(length: number): Int32Array<ArrayBuffer> {
  return new Int32Array(length).fill(0);
}

/** `length` zeros, every page already written. */
export function writtenUint32(length: number): Uint32Array<ArrayBuffer> {
  return new Uint32Array(length).fill(0);
}
