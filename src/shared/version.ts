// The add-on's version, stamped in by the build from package.json.
declare const __ADDON_VERSION__: string;

export const ADDON_VERSION: string = __ADDON_VERSION__;
