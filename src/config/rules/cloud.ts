/**
 * What the cloud's network does to Calico's encapsulations: Azure drops IP-in-IP; AWS security
 * groups and the source/destination check decide whether IPIP, BGP and unencapsulated traffic pass.
 */
import { ClusterConfig } from '../cluster-config';
import { error, Finding, warning } from '../../common/findings';
import { Cloud } from '../schema';
import { Encapsulation } from '../../calico/enums';

export const cloudRule = (config: ClusterConfig): Finding[] => {
  const findings: Finding[] = [];
  const cloud = config.platform.cloud;
  config.calico.ipPools.forEach((pool, i) => {
    const path = config.calico.ipPoolsFromPodSubnet ? `calico.ipPools (from podSubnet ${pool.cidr}).encapsulation` : `calico.ipPools[${i}].encapsulation`;
    const e = pool.encapsulation;
    if (cloud === Cloud.AZURE && (e === Encapsulation.IPIP || e === Encapsulation.IPIP_CROSS_SUBNET)) {
      findings.push(error(path, 'Azure drops IP-in-IP (IP protocol 4) between VMs, so pods on different nodes could not reach each other', {
        got: e, allowed: 'VXLAN', fix: 'set encapsulation: VXLAN',
      }));
    } else if (cloud === Cloud.AZURE && e === Encapsulation.VXLAN_CROSS_SUBNET) {
      findings.push(warning(path, 'VXLANCrossSubnet sends traffic inside a subnet unencapsulated, which Azure VNets drop unless every pod CIDR is routed to its node', {
        got: e, fix: 'use encapsulation: VXLAN',
      }));
    } else if (cloud === Cloud.AWS) {
      const needs = awsNeeds(e);
      if (needs) findings.push(warning(path, `on AWS EC2 this needs ${needs}, or cross-node pod traffic is silently dropped`, { got: e, fix: 'add those rules, or use encapsulation: VXLAN (UDP 4789)' }));
    }
  });
  return findings;
};

function awsNeeds(e: Encapsulation): string | undefined {
  const ipip = 'security-group rules between the nodes for IP protocol 4 (IP-in-IP) and TCP 179 (BGP)';
  const srcDst = 'the EC2 source/destination check disabled on every node';
  switch (e) {
    case Encapsulation.IPIP: return ipip;
    case Encapsulation.IPIP_CROSS_SUBNET: return `${ipip}, and ${srcDst} (traffic inside a subnet is not encapsulated)`;
    case Encapsulation.NONE: return `${srcDst} and TCP 179 (BGP) open between the nodes`;
    case Encapsulation.VXLAN_CROSS_SUBNET: return `UDP 4789 open between the nodes and ${srcDst} (traffic inside a subnet is not encapsulated)`;
    default: return undefined;
  }
}
