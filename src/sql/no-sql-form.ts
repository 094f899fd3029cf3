/** Thrown by a metric's SQL form for an option it has no SQL for yet, e.g. "--model subscription"; each runner words it. */
export class NoSqlForm extends Error {}
