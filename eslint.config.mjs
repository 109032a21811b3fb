// ESLint: the rules a reviewer should not have to check by eye. Run by `npm run lint` (and `npm test`).
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { LAYERS, layerOf } from './scripts/layers.mjs';

const root = path.dirname(new URL(import.meta.url).pathname);

/** The repository path an import of `file` points at ('@/utils/db/trash', '../core/log'), or undefined for packages. */
function importedPath(file, source) {
  if (source.startsWith('@/')) return source.slice(2);
  if (source.startsWith('.')) return path.relative(root, path.resolve(path.dirname(file), source));
  return undefined;
}

// The layer rules of scripts/layers.mjs (also checked by tests/unit/layers.test.ts): a folder imports
// only its own layer and the layers it `uses`.
const layersRule = {
  meta: {
    type: 'problem',
    messages: { upward: '{{from}} may not import {{to}} ({{target}}): see docs/architecture.md, layers.' },
    schema: [],
  },
  create(context) {
    const file = path.relative(root, context.filename);
    const from = layerOf(file);
    if (!from) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string') return;
      const target = importedPath(context.filename, source);
      const to = target && layerOf(target);
      if (!to || to === from || LAYERS[from].uses.includes(to)) return;
      context.report({ node, messageId: 'upward', data: { from, to, target } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'demo-output/**',
      'test-results/**',
      'playwright-report/**',
      'dist/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    plugins: { 'form-outbox': { rules: { layers: layersRule } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-empty-pattern': 'error',
      '@typescript-eslint/no-import-type-side-effects': 'error',
      'form-outbox/layers': 'error',
    },
  },
);
