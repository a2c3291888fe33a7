// DI tokens for values that are not classes: the parsed configuration and the root logger.
export const API_CONFIG = Symbol('API_CONFIG');
export const API_LOGGER = Symbol('API_LOGGER');
