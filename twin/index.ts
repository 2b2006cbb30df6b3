// twin/: the shared model every part imports (device types, messages, topics, shadows). Pure: no I/O.

export {
  TWIN_ERROR_CODES,
  TwinError,
  TwinbenchError,
  isTwinbenchError,
  type TwinErrorCode,
} from './errors.ts';
export { fail, ok, type Result } from './result.ts';

// Device types and their specs
export {
  DEVICE_TYPES,
  DEVICE_TYPE_SHORT,
  DeviceTypeSchema,
  GENERIC_DEVICE_TYPE,
  REGISTRY_DEVICE_TYPES,
  RegistryDeviceTypeSchema,
  isDeviceType,
  isRegistryDeviceType,
  type DeviceType,
  type RegistryDeviceType,
} from './devices/device-type.ts';
export type {
  CommandSpec,
  DeviceTypeSpec,
  FieldKind,
  FieldSpec,
  FieldValue,
  ValueOfField,
} from './devices/fields.ts';
export {
  DEVICE_SPECS,
  type CommandNameOf,
  type CommandParamsOf,
  type DesiredOf,
  type TelemetryFieldsOf,
} from './devices/specs.ts';
export { BREAKER_STATES, TRIP_CAUSES } from './devices/smart-breaker.ts';
// Device types as data: device-type files, and the run-time registry of built-in and loaded types
export {
  DEVICE_TYPE_NAME_PATTERN,
  DeviceTypeFileSchema,
  FieldGeneratorSchema,
  type DeviceTypeFileDocument,
  type FieldGeneratorDocument,
} from './devices/type-file-schema.ts';
export {
  compileDeviceType,
  DEFAULT_PUBLISH_INTERVAL_MS,
  type DeviceTypeDefinition,
  type FieldGenerator,
  type SimulationPlan,
  type TypeIssue,
} from './devices/type-definition.ts';
export {
  DEVICE_TYPE_ERROR_CODES,
  DeviceTypeFileError,
  formatTypeIssue,
  parseDeviceTypeDocument,
  parseDeviceTypeFile,
  type LocatedTypeIssue,
} from './devices/type-file.ts';
export {
  customDeviceType,
  customDeviceTypes,
  deviceTypeShort,
  deviceTypeView,
  deviceTypeSpec,
  isKnownDeviceType,
  knownDeviceTypes,
  registerDeviceTypes,
  requireKnownDeviceType,
  unregisterDeviceType,
} from './devices/type-registry.ts';
export {
  DeviceTypeListSchema,
  DeviceTypeParamsSchema,
  DeviceTypeViewSchema,
  type DeviceTypeView,
} from './devices/type-view.ts';
export {
  evaluateExpression,
  EXPRESSION_FUNCTIONS,
  ExpressionError,
  expressionRefs,
  parseExpression,
  type Expr,
  type ExprValue,
} from './devices/expression.ts';
export { CAMERA_RESOLUTIONS } from './devices/camera.ts';
export { allowedText } from './devices/check-field.ts';

// Selectors, locations, birth details
export {
  DeviceSelectorSchema,
  matchesSelector,
  matchesTag,
  type DeviceSelector,
  type SelectableDevice,
} from './devices/selector.ts';
export {
  LOCATION_NUMBER_FIELDS,
  LOCATION_TEXT_FIELDS,
  LocationSchema,
  type Location,
} from './devices/location.ts';
export { BIRTH_FIELDS, BirthDetailsSchema, birthDetails, type BirthDetails } from './devices/birth.ts';

// Command lifecycle
export {
  COMMAND_LIFECYCLE,
  COMMAND_TRANSITIONS,
  CommandLifecycleStatusSchema,
  FINAL_COMMAND_STATUSES,
  canTransition,
  isCommandLifecycleStatus,
  isFinalCommandStatus,
  type CommandLifecycleStatus,
} from './commands/lifecycle.ts';

// Durations and clocks
export {
  DURATION_PATTERN,
  DurationSchema,
  durationError,
  formatDuration,
  parseDuration,
  tryParseDuration,
  type DurationInput,
} from './time/duration.ts';
export { realClock, type Clock, type NowFn } from './time/clock.ts';

// Schema errors: the one wording
export { formatSchemaErrors } from './devices/schema-errors.ts';

// Messages: validation and schemas
export {
  parseCommandRequest,
  parseTelemetry,
  validateDesired,
  type DesiredPatch,
  type ValidationOptions,
} from './devices/validate.ts';
export { parseCommandMessage, parseCommandResponse, parseEvent, parseStatus } from './devices/messages.ts';
export {
  COMMAND_STATUSES,
  CommandRequestSchema,
  CommandResponseSchema,
  CommandSchema,
  EventSchema,
  KNOWN_EVENT_SCHEMAS,
  MotionBoxSchema,
  StatusSchema,
  telemetryEnvelopeSchema,
  type CommandMessage,
  type CommandRequest,
  type CommandResponse,
  type CommandStatus,
  type EventMessage,
  type MotionBox,
  type StatusMessage,
  type Telemetry,
} from './devices/envelopes.ts';
export {
  COMMAND_PARAMS_SCHEMAS,
  DESIRED_SCHEMAS,
  TELEMETRY_FIELDS_SCHEMAS,
  fieldSchema,
} from './devices/schemas.ts';

// Topics
export {
  formatMac,
  isMac,
  isValidDeviceId,
  normalizeDeviceId,
  normalizeMac,
  type MacFormat,
} from './topics/device-id.ts';
export {
  SHADOW_REQUEST_FILTERS,
  parseShadowTopic,
  shadowDeltaTopic,
  shadowDocumentsTopic,
  shadowResponseTopic,
  shadowTopic,
  shadowTopicPrefix,
  type ShadowOperation,
  type ShadowOutcome,
  type ShadowTopic,
} from './topics/aws-shadow.ts';
export { TB_PREFIX, TWINBENCH_PROFILE } from './topics/twinbench.ts';
export { MacFormatSchema, TopicProfileSpecSchema } from './topics/profile-schema.ts';
export { topicMatchesFilter } from './topics/mqtt-filter.ts';
// Gateways and their children (docs/gateways.md)
export {
  GATEWAY_INBOUND_KINDS,
  GATEWAY_OUTBOUND_KINDS,
  GATEWAY_TOPIC_SUFFIX,
  gatewaySubscriptions,
  gatewayTopic,
  isGatewayInbound,
  matchGatewayTopic,
  type GatewayInboundKind,
  type GatewayOutboundKind,
  type GatewayTopicKind,
  type GatewayTopicMatch,
} from './topics/gateway-topics.ts';
export {
  CHILD_DISCONNECT_REASONS,
  ChildCommandResponseSchema,
  ChildCommandSchema,
  ChildConnectSchema,
  ChildDisconnectSchema,
  ChildEventSchema,
  ChildReadingSchema,
  ChildRejectedSchema,
  ChildShadowDeltaSchema,
  ChildShadowUpdateSchema,
  ChildStatusSchema,
  ChildTelemetrySchema,
  MAX_CHILD_READINGS,
  parseChildCommand,
  parseChildCommandResponse,
  parseChildConnect,
  parseChildDisconnect,
  parseChildEvent,
  parseChildRejected,
  parseChildShadowDelta,
  parseChildShadowUpdate,
  parseChildStatus,
  parseChildTelemetry,
  type ChildCommand,
  type ChildCommandResponse,
  type ChildConnect,
  type ChildDisconnect,
  type ChildEvent,
  type ChildReading,
  type ChildRejected,
  type ChildShadowDelta,
  type ChildShadowUpdate,
  type ChildStatus,
  type ChildTelemetry,
} from './topics/gateway-messages.ts';
export {
  compileProfile,
  type InboundKind,
  type TopicKind,
  type TopicMatch,
  type TopicProfile,
  type TopicProfileSpec,
} from './topics/profiles.ts';
export {
  BUILTIN_PROFILES,
  BUILTIN_PROFILE_NAMES,
  builtinProfile,
  isBuiltinProfileName,
  type BuiltinProfileName,
} from './topics/builtin-profiles.ts';

// Payload mappings (docs/byo-firmware.md)
export {
  LivenessSpecSchema,
  PayloadMappingSchema,
  type LivenessSpec,
  type PayloadMappingSpec,
} from './topics/mapping/mapping-schema.ts';
export { type CompiledMapping, type ProfileLiveness } from './topics/mapping/compile-mapping.ts';
export {
  encodeCommand,
  mapCommandResponse,
  mapTelemetry,
  telemetryFieldsOf,
  type MappedMessage,
} from './topics/mapping/apply.ts';
export type { OutboundCommand } from './topics/mapping/commands.ts';
export { tryMessage, type MessageTrial } from './topics/mapping/try-message.ts';
export { parseProfileText } from './topics/mapping/profile-file.ts';
export { KNOWN_UNITS } from './topics/mapping/units.ts';

// Shadows
export {
  isJsonObject,
  jsonEqual,
  type JsonObject,
  type JsonPrimitive,
  type JsonValue,
} from './shadow/json.ts';
export { DEFAULT_SHADOW_LIMITS, DELETED_VERSION_RETENTION_MS, type ShadowLimits } from './shadow/limits.ts';
export { ShadowError, type ShadowErrorCode, type ShadowErrorPayload } from './shadow/errors.ts';
export { computeDelta } from './shadow/delta.ts';
export type {
  ShadowDeleteAccepted,
  ShadowDeltaPayload,
  ShadowDocumentVersion,
  ShadowDocumentsPayload,
  ShadowGetAccepted,
  ShadowState,
  ShadowUpdateAccepted,
} from './shadow/documents.ts';
export {
  ShadowBook,
  type ShadowBookOptions,
  type ShadowListEntry,
  type ShadowUpdateResult,
} from './shadow/book.ts';
export { handleShadowRequest, type ShadowPublication } from './shadow/mqtt.ts';
export {
  ShadowDeleteAcceptedSchema,
  ShadowDeltaSchema,
  ShadowDocumentsSchema,
  ShadowErrorSchema,
  ShadowGetAcceptedSchema,
  ShadowUpdateAcceptedSchema,
  ShadowUpdateRequestSchema,
} from './shadow/schemas.ts';

// The platform's REST and stream wire types
export {
  DEVICE_ID_PATTERN,
  DEVICE_LIST_FIELDS,
  DEVICE_MATCH_FILTERS,
  DEVICE_PAGE_DEFAULT,
  DEVICE_PAGE_MAX,
  DeviceIdParamsSchema,
  DeviceListItemSchema,
  DeviceListQuerySchema,
  DevicePageSchema,
  DeviceSchema,
  DeviceSummarySchema,
  ErrorBodySchema,
  PatchDeviceBodySchema,
  REGISTERED_BY,
  RegisterDeviceBodySchema,
  type DeviceListItem,
  type DeviceListQuery,
  type DeviceMatchFilter,
  type DevicePage,
  type DeviceRecord,
  type DeviceSummary,
  type ErrorBody,
  type PatchDeviceBody,
  type RegisterDeviceBody,
} from './api/device.ts';
export { CommandBodySchema, CommandViewSchema, type CommandBody, type CommandView } from './api/commands.ts';
export {
  LatestTelemetrySchema,
  ShadowStateViewSchema,
  TelemetryValueSchema,
  TwinViewSchema,
  type LatestTelemetry,
  type TelemetryValue,
  type TwinView,
} from './api/twin-view.ts';
export { HealthSchema, type Health } from './api/health.ts';
export { ShadowQuerySchema, type ShadowQuery } from './api/shadows.ts';
export {
  HISTORY_KINDS,
  HistoryAnswerSchema,
  HistoryKindSchema,
  HistoryQuerySchema,
  type HistoryAnswer,
  type HistoryKind,
  type HistoryQuery,
} from './api/history.ts';
export {
  CommandChangeSchema,
  DeviceChangeSchema,
  EventChangeSchema,
  LivenessChangeSchema,
  ShadowChangeSchema,
  StreamFrameSchema,
  StreamQuerySchema,
  TWIN_CHANGE_KINDS,
  TelemetryChangeSchema,
  TwinChangeSchema,
  type StreamFrame,
  type StreamQuery,
  type TwinChange,
  type TwinChangeKind,
} from './api/stream.ts';

// The published contract (twin/json/, docs/twin-contract.md)
export {
  MESSAGE_KINDS,
  TYPED_MESSAGE_KINDS,
  validateMessage,
  type MessageKind,
  type ValidateMessageOptions,
} from './contract/validate-message.ts';
export {
  GOLDEN_MANIFEST_VERSION,
  buildContract,
  type GoldenCase,
  type GoldenManifest,
} from './contract/build-contract.ts';
export { CONTRACT_ID_BASE, schemaDocuments, type SchemaDocument } from './contract/json-schemas.ts';
export { asyncApiDocument } from './contract/asyncapi.ts';
