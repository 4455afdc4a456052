// electron-builder needs the Electron zip to package, which our machines cannot download; so CI checks what it can:
// electron-builder loads and validates electron-builder.yml, and the security fuses are set as required.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = require('builder-util/out/DebugLogger.js');

const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
await validateConfiguration(config, new DebugLogger(false));

const required = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};
const wrong = Object.entries(required).filter(([fuse, value]) => config.electronFuses?.[fuse] !== value);
if (wrong.length > 0) {
  console.error(
    `electron-builder.yml: fuses not set as required: ${wrong.map(([f, v]) => `${f}=${v}`).join(', ')}`,
  );
  process.exit(1);
}

// The validator must be able to say no: a misspelt key is refused.
let refused = false;
try {
  await validateConfiguration({ ...config, electronFuse: {} }, new DebugLogger(false));
} catch {
  refused = true;
}
if (!refused) {
  console.error('electron-builder accepted a misspelt key: the validation is not working');
  process.exit(1);
}
console.log(
  `electron-builder.yml: valid (${config.appId}; targets: linux ${config.linux.target.join('/')}, win ${config.win.target}, mac ${config.mac.target}); fuses flipped as required`,
);
