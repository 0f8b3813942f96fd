import type { Fix } from '../schemas/report';
import { ipFamily } from '../net/address';
import type { Cloud, CloudDetection } from './detect-cloud';
import { say } from '../i18n/say';
import type { EngineKey } from '../i18n/engine-keys';
import type { EngineParams } from '../i18n/engine-text';

const NAMES: Record<Cloud, string> = {
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'Google Cloud',
  alibaba: 'Alibaba Cloud',
  tencent: 'Tencent Cloud',
};

/** The client's source range for a rule: its address as /32 or /128, or a placeholder to fill in. */
export function clientRange(address: string | undefined): string {
  const a = address?.replace(/^::ffff:/, '');
  const family = a ? ipFamily(a) : null;
  return a && family ? `${a}/${family === 4 ? 32 : 128}` : '<client-public-ip>/32';
}

function steps(cloud: Cloud, port: number, proto: 'tcp' | 'udp', range: string): { console: string; commands: string[] } {
  const P = proto.toUpperCase();
  switch (cloud) {
    case 'aws':
      return {
        console: `EC2 console → Instances → select the instance → Security tab → Security groups → Edit inbound rules → Add rule: Custom ${P}, port ${port}, source ${range}. Also check the subnet's network ACL (VPC → Network ACLs → Inbound rules).`,
        commands: [
          `aws ec2 authorize-security-group-ingress --group-id <sg-id> --protocol ${proto} --port ${port} --cidr ${range}`,
          `aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=<subnet-id>`,
        ],
      };
    case 'azure':
      return {
        console: `Azure portal → Virtual machines → the VM → Networking → Network settings → Create port rule → Inbound port rule: source IP addresses ${range}, destination port ${port}, protocol ${P}, action Allow.`,
        commands: [
          `az network nsg rule create --resource-group <rg> --nsg-name <nsg> --name PortDoctor-${port}-${proto} --priority 1000 --direction Inbound --access Allow --protocol ${proto === 'tcp' ? 'Tcp' : 'Udp'} --destination-port-ranges ${port} --source-address-prefixes ${range}`,
        ],
      };
    case 'gcp':
      return {
        console: `Google Cloud console → VPC network → Firewall → Create firewall rule: direction Ingress, action Allow, targets the instance's network tag, source IPv4 ranges ${range}, protocols and ports ${proto}:${port}.`,
        commands: [
          `gcloud compute firewall-rules create portdoctor-${port}-${proto} --network <network> --direction INGRESS --action ALLOW --rules ${proto}:${port} --source-ranges ${range} --target-tags <tag>`,
        ],
      };
    case 'alibaba':
      return {
        console: `ECS console → Instances → the instance → Security Groups → Configure Rules → Inbound → Add Rule: action Allow, protocol Custom ${P}, port range ${port}/${port}, authorization object ${range}.`,
        commands: [
          `aliyun ecs AuthorizeSecurityGroup --RegionId <region-id> --SecurityGroupId <sg-id> --IpProtocol ${proto} --PortRange ${port}/${port} --SourceCidrIp ${range}`,
        ],
      };
    case 'tencent':
      return {
        console: `CVM console → Instances → the instance → Security Groups → Edit rules → Inbound rules → Add rule: source ${range}, protocol port ${P}:${port}, policy Allow.`,
        commands: [
          `tccli vpc CreateSecurityGroupPolicies --SecurityGroupId <sg-id> --SecurityGroupPolicySet '{"Ingress":[{"Protocol":"${P}","Port":"${port}","CidrBlock":"${range}","Action":"ACCEPT"}]}'`,
        ],
      };
  }
}

function title(key: EngineKey, params: EngineParams): Pick<Fix, 'title' | 'titleKey' | 'titleParams'> {
  const s = say(key, params);
  return { title: s.text, titleKey: s.key, titleParams: params };
}

/** Guided fixes for `upstream-filtered`: the exact console path and CLI for the detected cloud, else what to check upstream. */
export function planCloudGuidance(detection: CloudDetection, port: number, protocol: 'tcp' | 'udp', clientAddress?: string): Fix[] {
  const range = clientRange(clientAddress);
  if (!detection.cloud) {
    return [
      {
        id: 'upstream-generic',
        kind: 'guided',
        ...title('plan.cloudGeneric', { protocol: protocol.toUpperCase(), port, range }),
        detail: `No cloud platform detected (${detection.evidence}). Check, in order: the cloud security group or network ACL if this is a cloud VM, the provider's or data centre's firewall, the router/NAT port forwarding, and any corporate firewall between the client and this host.`,
      },
    ];
  }
  const s = steps(detection.cloud, port, protocol, range);
  return [
    {
      id: `cloud-${detection.cloud}-security-group`,
      kind: 'guided',
      ...title('plan.cloudGroup', { protocol: protocol.toUpperCase(), port, range, cloud: NAMES[detection.cloud] }),
      detail: `Detected ${NAMES[detection.cloud]} (${detection.evidence}). ${s.console}`,
      commands: s.commands,
    },
  ];
}
