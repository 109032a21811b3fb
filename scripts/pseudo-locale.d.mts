export declare const PSEUDO_OPEN: string;
export declare const PSEUDO_CLOSE: string;
export declare function pseudoMessage(message: string): string;
export declare function pseudoCatalogue<T extends Record<string, { message: string }>>(catalogue: T): T;
export declare function writePseudoBuild(from: string, to: string): void;
