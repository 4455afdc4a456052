// Trims a Swagger 2.0 file to the operations a test reads, plus every definition they reach through `$ref`:
//   node scripts/trim-openapi.mjs <full spec> <operations list> <trimmed spec>
// The list has one `METHOD /path` a line (`#` starts a comment). Everything kept is copied unchanged, in the
// original's order and indentation (JSON.parse lists numeric keys such as status codes first), so the trimmed file
// stays a subset of the upstream one. A listed operation missing upstream is an error, not a silent omission.
import { readFileSync, writeFileSync } from 'node:fs';

const [source, list, target] = process.argv.slice(2);
if (!source || !list || !target) {
  console.error('usage: node scripts/trim-openapi.mjs <full spec> <operations list> <trimmed spec>');
  process.exit(2);
}

const spec = JSON.parse(readFileSync(source, 'utf8'));
const operations = readFileSync(list, 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean)
  .map((line) => {
    const [method, path] = line.split(/\s+/);
    return { method: method.toLowerCase(), path };
  });

/** Names of the definitions that `value` refers to, directly or through other definitions. */
function closure(roots) {
  const names = new Set();
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') {
        const name = item.replace('#/definitions/', '');
        if (!(name in spec.definitions)) throw new Error(`${item} is not in ${source}`);
        if (!names.has(name)) {
          names.add(name);
          visit(spec.definitions[name]);
        }
      } else visit(item);
    }
  };
  visit(roots);
  return names;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch']);
const paths = {};
for (const [path, item] of Object.entries(spec.paths)) {
  const wanted = operations
    .filter((operation) => operation.path === path)
    .map((operation) => operation.method);
  if (wanted.length === 0) continue;
  // Path-level keys that are not methods (shared `parameters`) apply to every kept operation.
  paths[path] = Object.fromEntries(
    Object.entries(item).filter(([key]) => wanted.includes(key) || !METHODS.has(key)),
  );
}
const unknown = operations.filter(({ method, path }) => !paths[path]?.[method]);
if (unknown.length > 0) {
  console.error(
    `not in ${source}:\n${unknown.map(({ method, path }) => `  ${method.toUpperCase()} ${path}`).join('\n')}`,
  );
  process.exit(1);
}

const kept = closure(paths);
const definitions = Object.fromEntries(Object.entries(spec.definitions).filter(([name]) => kept.has(name)));
writeFileSync(target, JSON.stringify({ ...spec, paths, definitions }, null, 4));
console.log(`${operations.length} operations, ${kept.size} definitions -> ${target}`);
