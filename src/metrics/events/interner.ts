// Customer and order ids are strings in real exports; each distinct one gets
// a dense integer once, so per-customer state lives in typed arrays.
export class Interner {
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.ids.size;
  }

  intern(id: string): number {
    let index = this.ids.get(id);
    if (index === undefined) {
      index = this.ids.size;
      this.ids.set(id, index);
    }
    return index;
  }

  /** The index of an id, or -1 when it was never seen. */
  find(id: string): number {
    return this.ids.get(id) ?? -1;
  }
}
