// Vite's `?raw` imports, which the pin test uses to read demo-sheet/'s CSV files
// inside workerd (no file system there): the file's text as a string.
declare module "*?raw" {
  const text: string;
  export default text;
}
