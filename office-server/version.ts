export const OFFICE_SERVER_VERSION = '0.1.0';
