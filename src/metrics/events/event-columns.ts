import { Float64List, Int32List, remapIndexes } from '../../kernels/growable.js';

// The events a metric keeps to work out at the end (a funnel's attempts, a
// retention membership's returns, a customer's path): a column per field,
// the customer and the instant first, in the order the rows came. Parts read
// on other threads are appended in file order, their customers renumbered.

export class EventColumns<Extra extends Record<string, Int32List | Float64List>> {
  readonly customers = new Int32List();
  readonly times = new Float64List();

  constructor(readonly extra: Extra) {}

  /** One event: its customer, instant and the extra fields, in the order `extra` names them. */
  push(customer: number, time: number, ...values: number[]): void {
    this.customers.push(customer);
    this.times.push(time);
    Object.values(this.extra).forEach((column, i) => column.push(values[i]));
  }

  remapCustomers(mapping: Int32Array): void {
    remapIndexes(this.customers, mapping);
  }

  merge(other: this): void {
    this.customers.append(other.customers);
    this.times.append(other.times);
    for (const [name, column] of Object.entries(this.extra)) (column as Int32List).append(other.extra[name] as Int32List);
  }
}
