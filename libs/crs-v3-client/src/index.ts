// The Tencent Cloud Redis API 3.0 client and its adapter of the backend port.
export {};
