/** The clouds whose security groups PortDoctor can give exact guidance for. */
export const CLOUDS = ['aws', 'azure', 'gcp', 'alibaba', 'tencent'] as const;
export type Cloud = (typeof CLOUDS)[number];

/** What the machine says about itself (DMI / SMBIOS, as systeminformation's system() and bios() report it). */
export interface PlatformIdentity {
  manufacturer?: string;
  model?: string;
  version?: string;
  serial?: string;
  uuid?: string;
  sku?: string;
  biosVendor?: string;
  biosVersion?: string;
  /** DMI chassis asset tag: Azure sets a fixed value that tells it apart from on-premises Hyper-V. */
  assetTag?: string;
}

/** The detected cloud (or null) and the DMI value that told. */
export interface CloudDetection {
  cloud: Cloud | null;
  evidence: string;
}

// Azure's well-known SMBIOS chassis asset tag (documented by Microsoft for VM detection).
const AZURE_ASSET_TAG = '7783-7084-3265-9085-8269-3286-77';

const RULES: { cloud: Cloud; field: keyof PlatformIdentity; pattern: RegExp }[] = [
  { cloud: 'aws', field: 'manufacturer', pattern: /^amazon ec2$/i },
  { cloud: 'aws', field: 'biosVendor', pattern: /^amazon ec2$/i },
  { cloud: 'aws', field: 'biosVersion', pattern: /amazon/i },
  { cloud: 'aws', field: 'uuid', pattern: /^ec2/i },
  { cloud: 'gcp', field: 'model', pattern: /^google compute engine$/i },
  { cloud: 'gcp', field: 'manufacturer', pattern: /^google$/i },
  { cloud: 'alibaba', field: 'manufacturer', pattern: /^alibaba cloud$/i },
  { cloud: 'alibaba', field: 'model', pattern: /^alibaba cloud ecs$/i },
  { cloud: 'tencent', field: 'manufacturer', pattern: /^tencent cloud$/i },
  { cloud: 'azure', field: 'assetTag', pattern: new RegExp(`^${AZURE_ASSET_TAG}$`) },
];

/** Tell the cloud from DMI values; Microsoft "Virtual Machine" without Azure's asset tag stays unknown (could be Hyper-V). */
export function detectCloud(id: PlatformIdentity): CloudDetection {
  for (const r of RULES) {
    const value = id[r.field];
    if (value && r.pattern.test(value.trim()))
      return { cloud: r.cloud, evidence: `${r.field} = ${JSON.stringify(value.trim().slice(0, 100))}` };
  }
  const seen = [id.manufacturer, id.model].filter(Boolean).join(' / ');
  return {
    cloud: null,
    evidence: seen ? `system ${JSON.stringify(seen.slice(0, 120))} is not a known cloud` : 'the system vendor could not be read',
  };
}
