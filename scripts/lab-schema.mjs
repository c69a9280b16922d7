// Writes labs/lab.schema.json from the lab format's zod schema (electron/engine/labs/schema.ts), so
// editors complete lab.yaml; a unit test fails when the checked-in file is not current.
import { writeFileSync } from 'node:fs';
import { labJsonSchema } from '../dist/electron/engine/labs/schema.js';

writeFileSync(new URL('../labs/lab.schema.json', import.meta.url), `${JSON.stringify(labJsonSchema(), null, 2)}\n`);
console.log('wrote labs/lab.schema.json');
