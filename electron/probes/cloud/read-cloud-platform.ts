import type { PlatformIdentity } from '../../../shared/cloud/detect-cloud';
import type { Runner } from '../../system/runner';

const DMI: [keyof PlatformIdentity, string][] = [
  ['manufacturer', 'sys_vendor'],
  ['model', 'product_name'],
  ['version', 'product_version'],
  ['biosVendor', 'bios_vendor'],
  ['biosVersion', 'bios_version'],
  ['assetTag', 'chassis_asset_tag'],
];

/**
 * What the machine says about its platform. Linux: the DMI files under /sys (through the runner, so they are
 * recorded and replayed, sources `linux.dmi.<file>`); Windows: systeminformation's system/bios/chassis (SMBIOS).
 */
export async function readPlatformIdentity(runner: Runner, platform: NodeJS.Platform): Promise<PlatformIdentity> {
  const id: PlatformIdentity = {};
  if (platform === 'linux') {
    for (const [field, file] of DMI) {
      const read = await runner.readFile({
        source: `linux.dmi.${file.replace(/_/g, '-')}`,
        path: `/sys/class/dmi/id/${file}`,
        maxBytes: 4096,
      });
      if (read.kind === 'ok') id[field] = read.output.stdout.toString('utf8').trim().slice(0, 200);
    }
    return id;
  }
  if (platform !== 'win32' || runner.mode === 'replay') return id;
  // systeminformation is live-only; a replayed Windows report has no platform identity and the guidance stays generic.
  // Loaded on demand: it is large, and every other command would pay its load time at start-up.
  const { bios, chassis, system } = await import('systeminformation');
  const [s, b, c] = await Promise.all([system().catch(() => null), bios().catch(() => null), chassis().catch(() => null)]);
  if (s)
    Object.assign(id, { manufacturer: s.manufacturer, model: s.model, version: s.version, serial: s.serial, uuid: s.uuid, sku: s.sku });
  if (b) Object.assign(id, { biosVendor: b.vendor, biosVersion: b.version });
  if (c?.assetTag) id.assetTag = c.assetTag;
  return id;
}
