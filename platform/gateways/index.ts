// Gateways and their children inside the platform (docs/gateways.md); app.ts registers these.
export { gatewayRoutes, gatewaysPlugin } from './gateways-plugin.ts';
export { CHILD_REASONS, GatewayService, type GatewayServiceOptions } from './gateway-service.ts';
export { ChildIndex } from './child-index.ts';
