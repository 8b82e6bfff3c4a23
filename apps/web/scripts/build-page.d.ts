/** Types of build-page.js (the Node side of @jobskill/web). */
export declare const webRoot: string;
/** Where the built page lives (`apps/web/dist`). */
export declare const webDistDir: string;
export declare function webPageBuilt(): boolean;
/** Builds the page into `webDistDir` with the package's vite.config.ts; returns that directory. */
export declare function buildWebPage(): Promise<string>;
