export declare const LAYERS: Record<string, { folders: string[]; uses: string[]; runs: string }>;
export declare function layerOf(path: string): string | undefined;
