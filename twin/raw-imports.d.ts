// Vite's `?raw` imports (used by tests to check that docs list every error code).
declare module '*.md?raw' {
  const text: string;
  export default text;
}
declare module '*.yaml?raw' {
  const text: string;
  export default text;
}
