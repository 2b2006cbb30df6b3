/** A battery-powered environmental sensor (BME680-class plus light, sound and motion). */
import { bool, command, COMMON_TELEMETRY, num, type DeviceTypeSpec } from './fields.ts';

export const ENV_SENSOR_SPEC = {
  type: 'env_sensor',
  description: 'Battery-powered environmental sensor: climate, air quality, light, sound, motion',
  telemetry: {
    ...COMMON_TELEMETRY,
    temperature: num('Air temperature', { unit: '°C', min: -40, max: 85 }),
    humidity: num('Relative humidity', { unit: '%RH', min: 0, max: 100 }),
    pressure: num('Barometric pressure', { unit: 'hPa', min: 300, max: 1100 }),
    gas_resistance: num('Gas sensor resistance (higher is cleaner air)', {
      unit: 'ohm',
      min: 0,
      max: 10_000_000,
    }),
    light: num('Illuminance', { unit: 'lux', min: 0, max: 200_000 }),
    sound: num('Sound level', { unit: 'dBA', min: 0, max: 140 }),
    motion: bool('Motion detected since the last message'),
    battery: num('Battery charge', { unit: '%', min: 0, max: 100 }),
    battery_voltage: num('Battery voltage', { unit: 'V', min: 0, max: 5 }),
    rssi: num('Received signal strength', { unit: 'dBm', min: -130, max: 0 }),
  },
  desired: {
    interval_s: num('Telemetry interval', { unit: 's', min: 1, max: 86_400 }),
    deep_sleep: bool('Sleep between measurements to save battery'),
  },
  commands: {
    identify: command('Blink the LED so the sensor can be found', {
      duration_s: num('How long to blink', { unit: 's', min: 1, max: 600 }),
    }),
    reboot: command('Restart the sensor'),
    calibrate: command('Recalibrate the gas sensor baseline'),
  },
} as const satisfies DeviceTypeSpec;
