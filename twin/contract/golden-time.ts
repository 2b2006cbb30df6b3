/** Times and topics shared by the golden cases (fixed, so the files do not change between runs). */
export const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z
/** NOW in epoch seconds, as shadow documents carry time. */
export const S = NOW / 1000;
export const tb = (id: string, what: string): string => `tb/v1/${id}/${what}`;
export const shadow = (id: string, what: string): string => `$aws/things/${id}/shadow/${what}`;
