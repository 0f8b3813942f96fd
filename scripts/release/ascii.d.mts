/** The script with its non-ASCII characters escaped where the escape means the same (ascii.mjs). */
export function asciiOnly(source: string): string;
