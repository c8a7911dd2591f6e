import type { FlexibleJobShopInstance, MachineOption } from './job-shop-instance';

function numbersOf(text: string): number[] {
  return text
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .join(' ')
    .split(/\s+/)
    .filter((token) => token.length > 0)
    .map((token) => {
      const value = Number(token);
      if (Number.isNaN(value)) throw new SyntaxError(`Not a number: "${token}"`);
      return value;
    });
}

/**
 * The flexible job-shop text format of Brandimarte, Hurink, Kacem, Fattahi, Dauzère-Pérès:
 * a header "jobs machines [average options]", then per job the number of operations and,
 * per operation, the number of options followed by (machine, duration) pairs. Machines are
 * numbered from 1; files numbered from 0 are recognised by a machine 0 (or forced).
 */
export function parseFlexibleJobShop(
  text: string,
  name: string,
  numbering?: 'zero-based' | 'one-based',
): FlexibleJobShopInstance {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (lines.length === 0) throw new SyntaxError(`${name}: empty instance`);
  const [jobCount, machineCount] = numbersOf(lines[0]);
  const rows = lines.slice(1, 1 + jobCount).map((line) => numbersOf(line));
  if (rows.length !== jobCount) throw new SyntaxError(`${name}: ${jobCount} jobs announced, ${rows.length} found`);
  const jobs = rows.map((row, j) => {
    let at = 0;
    const take = (): number => {
      if (at >= row.length) throw new SyntaxError(`${name}: job ${j + 1} is cut short`);
      return row[at++];
    };
    const operations: MachineOption[][] = [];
    const operationCount = take();
    for (let step = 0; step < operationCount; step++) {
      const options: MachineOption[] = [];
      const optionCount = take();
      for (let k = 0; k < optionCount; k++) options.push({ machine: take(), duration: take() });
      operations.push(options);
    }
    return operations;
  });
  const allOptions = jobs.flat(2);
  const zeroBased = numbering ? numbering === 'zero-based' : allOptions.some((option) => option.machine === 0);
  const shift = zeroBased ? 0 : 1;
  for (const option of allOptions) {
    option.machine -= shift;
    if (option.machine < 0 || option.machine >= machineCount || !Number.isInteger(option.machine)) {
      throw new SyntaxError(`${name}: machine ${option.machine + shift} outside 1..${machineCount}`);
    }
  }
  return { name, machines: machineCount, jobs };
}

/**
 * The OR-Library job-shop format (ft06, la01, …): comment lines starting with '#', a header
 * "jobs machines", then per job its operations as (machine, duration) pairs, machines from 0.
 */
export function parseJobShop(text: string, name: string): FlexibleJobShopInstance {
  const numbers = numbersOf(text);
  const [jobCount, machineCount] = numbers;
  if (numbers.length < 2 + jobCount * machineCount * 2)
    throw new SyntaxError(`${name}: expected ${jobCount}×${machineCount} operations`);
  let at = 2;
  const jobs = Array.from({ length: jobCount }, () =>
    Array.from({ length: machineCount }, () => {
      const machine = numbers[at++];
      const duration = numbers[at++];
      if (machine < 0 || machine >= machineCount)
        throw new SyntaxError(`${name}: machine ${machine} outside 0..${machineCount - 1}`);
      return [{ machine, duration }];
    }),
  );
  return { name, machines: machineCount, jobs };
}
