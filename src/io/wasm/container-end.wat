;; Where a nested JSON object or list ends, for the NDJSON scanner
;; (ndjson-bytes.ts) stepping over values no column reads: most of a GA4
;; export's bytes. The same answer as chunk-memory.ts containerEndBytewise,
;; sixteen bytes at a time: per block, bit masks of its quotes and brackets;
;; a running XOR of the quote bits marks the bytes inside strings, and only
;; the brackets outside them are walked. A block that holds a backslash is
;; read a byte at a time, as the JavaScript does, so an escaped quote never
;; counts. Compiled by scripts/wasm.mjs into container-end-module.ts.
(module
  ;; The thread's read chunks (chunk-memory.ts): the scanner reads them where they were read into.
  (import "engage" "chunks" (memory 1))

  ;; Just past the bracket that closes the object or list opened at $at, or -1
  ;; when it does not close before $to. Brackets inside strings do not count; a
  ;; backslash in a string hides the byte after it; a bracket of the other kind
  ;; closes as well (the caller's JSON.parse judges the line).
  (func (export "containerEnd") (param $at i32) (param $to i32) (result i32)
    (local $i i32)
    (local $depth i32)
    ;; 1 inside a string
    (local $in i32)
    ;; bytes before this one are read one at a time (a backslash was in their block)
    (local $bytewise i32)
    (local $byte i32)
    (local $block v128)
    (local $folded v128)
    (local $opens i32)
    (local $closes i32)
    (local $inside i32)
    (local $brackets i32)
    (local $k i32)
    (local.set $i (local.get $at))
    (loop $next
      (if (i32.ge_u (local.get $i) (local.get $to)) (then (return (i32.const -1))))
      (if (i32.and (i32.ge_u (local.get $i) (local.get $bytewise))
                   (i32.le_u (i32.add (local.get $i) (i32.const 16)) (local.get $to)))
        (then
          (local.set $block (v128.load (local.get $i)))
          (if (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 92))))
            (then (local.set $bytewise (i32.add (local.get $i) (i32.const 16))))
            (else
              ;; [ and { are 0x5b and 0x7b, ] and } 0x5d and 0x7d: the same with bit 5 set.
              (local.set $folded (v128.or (local.get $block) (i8x16.splat (i32.const 32))))
              (local.set $opens (i8x16.bitmask (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 123)))))
              (local.set $closes (i8x16.bitmask (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 125)))))
              ;; Each byte after an odd number of quotes is inside a string (flipped when the block starts inside one).
              (local.set $inside (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 34)))))
              (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 1))))
              (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 2))))
              (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 4))))
              (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 8))))
              (local.set $inside (i32.and (i32.xor (local.get $inside) (i32.sub (i32.const 0) (local.get $in))) (i32.const 0xffff)))
              (local.set $in (i32.shr_u (local.get $inside) (i32.const 15)))
              (local.set $brackets (i32.and (i32.or (local.get $opens) (local.get $closes)) (i32.xor (local.get $inside) (i32.const 0xffff))))
              (block $walked
                (loop $bracket
                  (br_if $walked (i32.eqz (local.get $brackets)))
                  (local.set $k (i32.ctz (local.get $brackets)))
                  (if (i32.and (local.get $opens) (i32.shl (i32.const 1) (local.get $k)))
                    (then (local.set $depth (i32.add (local.get $depth) (i32.const 1))))
                    (else
                      (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                      (if (i32.eqz (local.get $depth))
                        (then (return (i32.add (i32.add (local.get $i) (local.get $k)) (i32.const 1)))))))
                  (local.set $brackets (i32.and (local.get $brackets) (i32.sub (local.get $brackets) (i32.const 1))))
                  (br $bracket)))
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (br $next)))))
      ;; One byte: the last few of the range, or those of a block with a backslash.
      (local.set $byte (i32.load8_u (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (local.get $in)
        (then
          (if (i32.eq (local.get $byte) (i32.const 34))
            (then (local.set $in (i32.const 0)))
            (else
              (if (i32.eq (local.get $byte) (i32.const 92))
                (then (local.set $i (i32.add (local.get $i) (i32.const 1))))))))
        (else
          (if (i32.eq (local.get $byte) (i32.const 34))
            (then (local.set $in (i32.const 1)))
            (else
              (if (i32.eq (i32.or (local.get $byte) (i32.const 32)) (i32.const 123))
                (then (local.set $depth (i32.add (local.get $depth) (i32.const 1))))
                (else
                  (if (i32.eq (i32.or (local.get $byte) (i32.const 32)) (i32.const 125))
                    (then
                      (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                      (if (i32.eqz (local.get $depth)) (then (return (local.get $i))))))))))))
      (br $next))
    (unreachable))
)
