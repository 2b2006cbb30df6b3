// How the scale bench says things: progress on stderr with the time of day (figures go to stdout),
// memory in MB of 2^20 bytes.
export const MB = 1_048_576;
export const log = (m: string) => console.error(`[scale] ${new Date().toISOString().slice(11, 19)} ${m}`);
