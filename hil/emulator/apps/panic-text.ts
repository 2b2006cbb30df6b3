/** What ESP-IDF's panic handler prints, per CPU architecture (register values are fixed examples). */
export function panicText(arch: 'xtensa' | 'riscv', cause: 'load' | 'abort', elfSha256: string): string {
  const sha = `ELF file SHA256: ${elfSha256.slice(0, 16)}`;
  const head =
    cause === 'abort'
      ? arch === 'xtensa'
        ? '\nabort() was called at PC 0x400d2f3a on core 0\n\n'
        : '\nabort() was called at PC 0x4200a1c2 on core 0\n'
      : `Guru Meditation Error: Core  0 panic'ed (${arch === 'xtensa' ? 'LoadProhibited' : 'Load access fault'}). Exception was unhandled.\n\n`;
  if (arch === 'xtensa') {
    return (
      head +
      'Core  0 register dump:\n' +
      'PC      : 0x400d2f3a  PS      : 0x00060830  A0      : 0x800d3b6c  A1      : 0x3ffb2530  \n' +
      'A2      : 0x00000000  A3      : 0x3ffb2570  A4      : 0x00000000  A5      : 0x00000001  \n' +
      'A6      : 0x3ffb8a10  A7      : 0x00000000  A8      : 0x800d2f37  A9      : 0x3ffb2500  \n' +
      'EXCVADDR: 0x00000000  LBEG    : 0x4000c2e0  LEND    : 0x4000c2f6  LCOUNT  : 0xffffffff  \n' +
      '\n\n' +
      'Backtrace: 0x400d2f37:0x3ffb2530 0x400d3b69:0x3ffb2570 0x400d8a1d:0x3ffb25a0 0x4008a1e6:0x3ffb25c0\n' +
      '\n\n\n\n' +
      `${sha}\n\nRebooting...\n`
    );
  }
  return (
    head +
    'Core  0 register dump:\n' +
    'MEPC    : 0x4200a1c2  RA      : 0x4200a1b8  SP      : 0x3fc98e10  GP      : 0x3fc8c600  \n' +
    'TP      : 0x3fc8f1d4  T0      : 0x40057fa6  T1      : 0x0000000f  T2      : 0x00000000  \n' +
    'MSTATUS : 0x00001881  MTVEC   : 0x40380001  MCAUSE  : 0x00000005  MTVAL   : 0x00000000  \n' +
    '\nStack memory:\n3fc98e10: 0x00000000 0x00000000 0x4200a1b8 0x3fc98e40 0x00000000 0x00000000 0x00000000 0x00000000\n' +
    '\n\n' +
    `${sha}\n\nRebooting...\n`
  );
}
