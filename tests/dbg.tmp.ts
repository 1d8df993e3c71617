import { readFileSync } from 'node:fs';
import { importHar } from '../src/lib/har/index';
import { readHar } from '../src/lib/har/read';
const text = readFileSync(process.argv[2]!, 'utf8');
const r = await importHar(text);
const { exchanges } = readHar(text);
exchanges.forEach((x, i) => console.log(r.roles[i], x.request.method, x.request.url.slice(0, 70), x.resourceType, x.failed));
