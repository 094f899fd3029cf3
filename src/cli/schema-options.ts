import { type Command, InvalidArgumentError, Option } from 'commander';
import type { z } from 'zod';
import { optionMeta } from '../metrics/options.js';

// Commander options made from a zod schema whose fields carry their flag and
// help: the type says how a value is read (a switch, a choice, a number, a
// list), the schema's default is shown in --help, and a field without a
// default or `optional` is a required option. Values are handed back under
// the schema's own names for the schema to validate; nothing is cast here.

interface FieldShape {
  kind: 'boolean' | 'enum' | 'number' | 'array' | 'string';
  choices?: readonly string[];
  defaultValue?: unknown;
  required: boolean;
}

/** Adds an option per flagged field; returns the reader of commander's values. */
export function addSchemaOptions(command: Command, schema: z.ZodObject): (raw: Record<string, unknown>) => Record<string, unknown> {
  const names: [key: string, attribute: string][] = [];
  for (const [key, field] of Object.entries(schema.shape)) {
    const meta = optionMeta(field as z.ZodType);
    if (meta === undefined) continue;
    const shape = fieldShape(field as z.ZodType);
    const option = new Option(meta.flag, meta.help);
    if (shape.kind === 'enum') option.choices(shape.choices!);
    if (shape.kind === 'number') option.argParser(parseNumber);
    if (shape.kind === 'array') option.argParser(meta.list === 'comma' ? splitList : collect);
    if (shape.required) option.makeOptionMandatory();
    if (shape.defaultValue !== undefined && shape.kind !== 'boolean' && !(Array.isArray(shape.defaultValue) && shape.defaultValue.length === 0)) {
      option.default(shape.defaultValue);
    }
    command.addOption(option);
    names.push([key, option.attributeName()]);
  }
  return (raw) => {
    const input: Record<string, unknown> = {};
    for (const [key, attribute] of names) if (raw[attribute] !== undefined) input[key] = raw[attribute];
    return input;
  };
}

/** The flag of each flagged field, for messages about a field by its library name. */
export function flagNames(schema: z.ZodObject): (key: string) => string {
  const flags = new Map<string, string>();
  for (const [key, field] of Object.entries(schema.shape)) {
    const meta = optionMeta(field as z.ZodType);
    if (meta) flags.set(key, meta.flag.split(/[ ,]+/).find((part) => part.startsWith('--'))!);
  }
  return (key) => flags.get(key) ?? key;
}

function fieldShape(field: z.ZodType): FieldShape {
  let inner = field;
  let defaultValue: unknown;
  let required = true;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: z.ZodType; defaultValue?: unknown };
    if (def.type === 'default') defaultValue = def.defaultValue;
    if (def.type === 'optional' || def.type === 'default') required = false;
    if (def.innerType === undefined || !['optional', 'default', 'nullable', 'pipe'].includes(def.type)) break;
    inner = def.innerType;
  }
  const type = (inner._zod.def as { type: string }).type;
  if (type === 'boolean') return { kind: 'boolean', required: false, defaultValue };
  if (type === 'enum') return { kind: 'enum', choices: (inner as z.ZodEnum).options as string[], defaultValue, required };
  if (type === 'number') return { kind: 'number', defaultValue, required };
  if (type === 'array') return { kind: 'array', defaultValue, required };
  return { kind: 'string', defaultValue, required };
}

/** Collects a repeated flag's values. */
function collect(value: string, previous: unknown): string[] {
  return [...(Array.isArray(previous) ? previous : []), value];
}

function splitList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new InvalidArgumentError('expected comma-separated names, e.g. likes,comments,shares');
  return items;
}

function parseNumber(value: string): number {
  if (!/^[+-]?\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError('expected a number');
  return Number(value);
}
