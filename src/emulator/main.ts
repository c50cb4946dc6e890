// `node dist/emulator.js [--data-dir DIR] [--port N] [--images DIR]`: runs the emulator on its own
// (npm start uses the Emulator class in-process instead). Prints the API URL, the sample token and
// the secret its `/_emulator/*` control endpoints need (env DATUM_EMULATOR_SECRET sets it).
import * as path from 'path';
import { Emulator } from './server';
import { SAMPLE_TOKEN } from './state';

export { CONTROL_SECRET_HEADER, Emulator } from './server';
export { SAMPLE_TOKEN } from './state';

if (require.main === module) {
  const argv = process.argv.slice(2);
  const arg = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const root = path.resolve(__dirname, '..');
  const emulator = new Emulator({ dataDir: arg('--data-dir', path.join(root, '.emulator')), imagesDir: arg('--images', path.join(root, 'samples/images')), port: Number(arg('--port', '0')), controlSecret: process.env.DATUM_EMULATOR_SECRET });
  void emulator.start().then(() => {
    console.log(`Valohai API emulator: ${emulator.apiUrl}  (token: ${SAMPLE_TOKEN})`);
    console.log(`Control endpoints (/_emulator/state, /faults, /reset) need the header X-Emulator-Secret: ${emulator.controlSecret}`);
    process.on('SIGINT', () => void emulator.stop().then(() => process.exit(0)));
  });
}
