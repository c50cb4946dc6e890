export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('datum-studio: not built yet\n');
  return 2;
}
