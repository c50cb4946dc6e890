// The rule that matters most here: the pure modules (parsing, validation, geometry, the CLI) never
// import `vscode`, so they run and are tested under plain Node.
import tseslint from 'typescript-eslint';

const pureFolders = ['src/remote/**', 'src/emulator/**', 'src/formats/**', 'src/annotations/**', 'src/evaluation/**', 'src/preview/model/**', 'src/preview/page/**', 'src/validation/**', 'src/cli/**', 'src/core/**', 'src/language/**', 'src/convert/**', 'test/unit/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench-data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: pureFolders,
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Pure modules must not import vscode; put the adapter in a VS Code folder (src/diagnostics/, src/providers/, src/workspace/...).' }] }],
    },
  },
);
