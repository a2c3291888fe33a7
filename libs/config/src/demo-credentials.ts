// Credentials of the simulator's demo scenario: the default when no Tencent key is configured.
// They open nothing but the local simulator.
export const DEMO_SECRET_ID = 'AKIDcrsexportdemo0000000000000000000';
export const DEMO_SECRET_KEY = 'crs-export-demo-secret-key-not-a-real-one';
