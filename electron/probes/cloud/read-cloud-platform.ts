import type { PlatformIdentity } from '../../../shared/cloud/detect-cloud';
import type { SourceId } from '../../../shared/bundle/sources';
import type { Runner } from '../../system/runner';

const DMI: [keyof PlatformIdentity, string, SourceId][] = [
  ['manufacturer', 'sys_vendor', 'linux.dmi.sys-vendor'],
  ['model', 'product_name', 'linux.dmi.product-name'],
  ['version', 'product_version', 'linux.dmi.product-version'],
  ['biosVendor', 'bios_vendor', 'linux.dmi.bios-vendor'],
  ['biosVersion', 'bios_version', 'linux.dmi.bios-version'],
  ['assetTag', 'chassis_asset_tag', 'linux.dmi.chassis-asset-tag'],
];

/**
 * What the machine says about its platform. Linux: the DMI files under /sys (through the runner, so they are
 * recorded and replayed, sources `linux.dmi.<file>`); Windows: systeminformation's system/bios/chassis (SMBIOS).
 */
export async function readPlatformIdentity(runner: Runner, platform: NodeJS.Platform): Promise<PlatformIdentity> {
  const id: PlatformIdentity = {};
  if (platform === 'linux') {
    for (const [field, file, source] of DMI) {
      const read = await runner.readFile({
        source,
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
