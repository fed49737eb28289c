// The version userdeck reports (--version, its user agent).
export const version = '0.1.0';
