// How a lab step's code fences read (`sh exec`, `exec=NAME`, `interrupt`), for the window: the
// same parser the engine's validation uses, so a block the validator accepts runs where it says.
export { readInfo, type CodeBlock } from '../engine/model.js';
