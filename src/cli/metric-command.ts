import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseOptions } from '../metrics/options.js';
import type { MetricSpec } from '../metrics/spec.js';
import type { Terminal } from './io.js';
import { chooseOutput, OutputOptions } from './output-options.js';
import { runMetric } from './run-metric.js';
import { addSchemaOptions, flagNames } from './schema-options.js';

// A metric's command, made from its spec alone: its flags are the fields of
// its options schema, then the output flags; help leads with its examples.

export function metricCommand(spec: MetricSpec, terminal: Terminal): Command {
  const command = new Command(spec.name)
    .summary(spec.summary)
    .description(spec.description)
    .argument('[files...]', 'CSV, JSON or NDJSON files, optionally .gz; "-" or none reads stdin')
    .usage('[options] [files...]');
  const metricInput = addSchemaOptions(command, spec.options);
  const outputInput = addSchemaOptions(command, OutputOptions);
  command.option('--no-color', 'no colour, even on a terminal');
  command.addHelpText('before', spec.examples);
  command.addHelpText('after', spec.details);
  command.action(async (files: string[], raw: Record<string, unknown>) => {
    const options = parseOptions(spec.options, metricInput(raw), flagNames(spec.options));
    const output = chooseOutput(parseOptions(OutputOptions, outputInput(raw), flagNames(OutputOptions)), Boolean(terminal.stdout.isTTY));
    if (files.length === 0 && terminal.stdin.isTTY) {
      throw new UsageError('no input: give a file, or pipe one in', [`usage: engage ${spec.name} [options] [files...]`]);
    }
    await runMetric(spec, options, files, output, terminal);
  });
  return command;
}
