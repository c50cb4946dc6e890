// S3 URLs for adoption: one per line, blank lines ignored, anything else reported and skipped.

export const S3_URL = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+$/;
/** s3:// URLs inside arbitrary text (code, JSON strings, markdown). */
export const S3_IN_TEXT = /s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[^\s"'`<>()[\]{},;]+/g;

export interface ParsedUrls {
  valid: string[];
  invalid: { line: number; text: string }[];
}

export function parseS3Lines(text: string): ParsedUrls {
  const valid: string[] = [];
  const invalid: ParsedUrls['invalid'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    if (S3_URL.test(line)) {
      if (!valid.includes(line)) valid.push(line);
    } else invalid.push({ line: i + 1, text: line });
  });
  return { valid, invalid };
}
