// Vite's `?raw` imports (the scene tests read the example scene file as text).
declare module '*.yaml?raw' {
  const text: string;
  export default text;
}
