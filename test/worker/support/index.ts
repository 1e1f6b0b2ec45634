// The one place worker tests import their shared support from: the Sheets
// emulator, the staff's edits to the sheet, and the integration world.
export * from "./emulator.ts";
export * from "./sheet.ts";
export * from "./world.ts";
