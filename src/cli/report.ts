// The CLI's output formats: text (for people and VS Code's problem matcher), json, SARIF 2.1.0
// (code scanning and other SARIF viewers) and GitHub Actions workflow commands (annotations on a
// pull request without an upload step). Pure functions of the findings.
import * as l10n from '@vscode/l10n';
import * as path from 'path';
import { pathToFileURL } from 'url';
import packageJson from '../../package.json';
import { escapeControl } from '../core/text';
import { PROBLEM_CODES, type Severity } from '../validation/problems';

export interface CliFinding {
  /** relative to the working directory, forward slashes */
  file: string;
  /** 1-based; columns count UTF-16 code units; the end is exclusive */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  /** files the finding is about besides its own (e.g. a YOLO split's images without labels), relative like `file` */
  files?: string[];
}

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface ReportInput {
  findings: readonly CliFinding[];
  checked: number;
  /** things said on the side (skipped files, ignored settings) */
  notes: readonly string[];
  /** the folder `file` is relative to */
  cwd: string;
}

export function formatReport(format: OutputFormat, input: ReportInput): string {
  switch (format) {
    case 'json':
      return JSON.stringify(input.findings, null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(toSarif(input), null, 2) + '\n';
    case 'github':
      return formatGithub(input.findings) + summaryLine(input.findings, input.checked) + '\n';
    default:
      return formatText(input.findings, input.checked);
  }
}

export function countBySeverity(findings: readonly CliFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function summaryLine(findings: readonly CliFinding[], checked: number): string {
  const counts = countBySeverity(findings);
  const errors = counts.error === 1 ? l10n.t('{0} error', counts.error) : l10n.t('{0} errors', counts.error);
  const warnings = counts.warning === 1 ? l10n.t('{0} warning', counts.warning) : l10n.t('{0} warnings', counts.warning);
  return checked === 1
    ? l10n.t('{0}, {1}, {2} information in {3} file checked.', errors, warnings, counts.information, checked)
    : l10n.t('{0}, {1}, {2} information in {3} files checked.', errors, warnings, counts.information, checked);
}

/** `file:line:column: severity code: message`, then a count (the problem matcher in package.json reads this). */
export function formatText(findings: readonly CliFinding[], checked: number): string {
  // File names and messages quote file content: escaped, so no key can start a line of its own.
  const lines = findings.map((f) => `${escapeControl(f.file)}:${f.line}:${f.column}: ${f.severity} ${f.code}: ${escapeControl(f.message)}`);
  lines.push(summaryLine(findings, checked));
  return lines.join('\n') + '\n';
}

// --- GitHub Actions workflow commands -------------------------------------------------------

/** As @actions/core escapes a command's message. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core escapes a command's property values. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export function formatGithub(findings: readonly CliFinding[]): string {
  let out = '';
  for (const f of findings) {
    const props = [
      `file=${escapeControl(escapeGithubProperty(f.file))}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `endLine=${f.endLine}`,
      `endColumn=${f.endColumn}`,
      `title=${escapeGithubProperty(`Datum Studio (${f.code})`)}`,
    ];
    // GitHub's escapes cover %, CR and LF; other control characters quoted from a file (an ESC
    // sequence, a bidi override) are escaped too, so the log shows them and never obeys them.
    out += `::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeControl(escapeGithubData(f.message))}\n`;
  }
  return out;
}

// --- SARIF 2.1.0 ----------------------------------------------------------------------------

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface PackageInfo {
  name: string;
  publisher: string;
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}

/**
 * Where the README lives: the repository's when package.json names one, else its homepage, else
 * the extension's Marketplace page (which shows the README).
 */
export function readmeUrl(pkg: PackageInfo = packageJson as PackageInfo): string {
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const github = repo && /github\.com[/:]([^/]+\/[^/#?]+?)(?:\.git)?\/?$/.exec(repo);
  if (github) return `https://github.com/${github[1]}/blob/HEAD/README.md`;
  if (pkg.homepage) return pkg.homepage.replace(/#.*$/, '');
  return `https://marketplace.visualstudio.com/items?itemName=${pkg.publisher}.${pkg.name}`;
}

/** The README's table has an anchor `code-<code>` on each code's row. */
export function helpUri(code: string, base = readmeUrl()): string {
  return `${base}#code-${code}`;
}

/** Every known code, in the order of the one list (`PROBLEM_CODES`), so rule indexes are stable. */
export function sarifRules(codes: Readonly<Record<string, string>> = PROBLEM_CODES): SarifRule[] {
  const base = readmeUrl();
  return Object.entries(codes).map(([id, description]) => rule(id, description, base));
}

interface SarifRule {
  id: string;
  shortDescription: { text: string; markdown: string };
  helpUri: string;
}

function rule(id: string, description: string, base: string): SarifRule {
  return { id, shortDescription: { text: description.replace(/`/g, ''), markdown: description }, helpUri: helpUri(id, base) };
}

function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file) || file === '..' || file.startsWith('../')) return { uri: pathToFileURL(path.resolve(cwd, file)).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

export function toSarif({ findings, notes, cwd }: ReportInput): object {
  const rules = sarifRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const base = readmeUrl();
  // A code the list does not know (should not happen) still gets a rule, so ruleIndex is valid.
  for (const f of findings) {
    if (!index.has(f.code)) {
      index.set(f.code, rules.length);
      rules.push(rule(f.code, f.code, base));
    }
  }
  const root = pathToFileURL(cwd).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Datum Studio',
            informationUri: base,
            version: (packageJson as PackageInfo).version,
            semanticVersion: (packageJson as PackageInfo).version,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: notes.map((text) => ({ level: 'note', message: { text } })),
          },
        ],
        originalUriBaseIds: { SRCROOT: { uri: root.endsWith('/') ? root : root + '/' } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: index.get(f.code),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.file, cwd),
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
