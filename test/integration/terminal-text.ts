// What a terminal's output says with its control sequences taken out. A prompt that was on the
// screen before a viewer attached comes as a replay of the screen (cursor moves, padding), one
// printed afterwards as the shell wrote it: tests match the words either way.
// eslint-disable-next-line no-control-regex
const CSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function visibleText(output: string): string {
  return output.replace(CSI, '');
}
