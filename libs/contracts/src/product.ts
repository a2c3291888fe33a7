// The product's name and version, as manifests and the API report them (kept equal to package.json's by a test).
export const PRODUCT_NAME = 'crs-export';
export const PRODUCT_VERSION = '0.1.0';
