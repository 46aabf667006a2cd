/**
 * The rule registry: every wave-1 edge kind of the catalog mapped to its one
 * rule, imported by hand in alphabetical order (architecture.md section 4;
 * no side-effect registration). The mapped type makes the compiler reject a
 * catalog kind without a rule, a rule for an unknown kind, and a rule filed
 * under another kind's key.
 */

import type { RuleEdgeKind } from '@chokepoint/model';
import type { Rule } from './define-rule.ts';
import { authenticatesAs } from './authenticates-as.ts';
import { awsAuthPatch } from './aws-auth-patch.ts';
import { ceCgroupReleaseAgent } from './ce-cgroup-release-agent.ts';
import { ceHostFd } from './ce-host-fd.ts';
import { ceModuleLoad } from './ce-module-load.ts';
import { ceNsenter } from './ce-nsenter.ts';
import { cePrivMount } from './ce-priv-mount.ts';
import { ceSysPtrace } from './ce-sys-ptrace.ts';
import { ceUmhCorePattern } from './ce-umh-core-pattern.ts';
import { ceVarLogSymlink } from './ce-var-log-symlink.ts';
import { cloudIdentityAssume } from './cloud-identity-assume.ts';
import { cloudMapsTo } from './cloud-maps-to.ts';
import { containerAttach } from './container-attach.ts';
import { csrClientCert } from './csr-client-cert.ts';
import { endpointExploit } from './endpoint-exploit.ts';
import { exploitContainerdSock } from './exploit-containerd-sock.ts';
import { exploitHostRead } from './exploit-host-read.ts';
import { exploitHostTraverse } from './exploit-host-traverse.ts';
import { exploitHostWrite } from './exploit-host-write.ts';
import { exposes } from './exposes.ts';
import { hostPortExposed } from './host-port-exposed.ts';
import { identityAssume } from './identity-assume.ts';
import { impersonateGroup } from './impersonate-group.ts';
import { impersonateSa } from './impersonate-sa.ts';
import { impersonateUser } from './impersonate-user.ts';
import { memberOf } from './member-of.ts';
import { nodeProxyExec } from './node-proxy-exec.ts';
import { podAttach } from './pod-attach.ts';
import { podAttachApi } from './pod-attach-api.ts';
import { podCreate } from './pod-create.ts';
import { podCreateWithSa } from './pod-create-with-sa.ts';
import { podDebug } from './pod-debug.ts';
import { podExec } from './pod-exec.ts';
import { podPatch } from './pod-patch.ts';
import { roleBind } from './role-bind.ts';
import { roleEscalate } from './role-escalate.ts';
import { routesTo } from './routes-to.ts';
import { secretMount } from './secret-mount.ts';
import { secretRead } from './secret-read.ts';
import { sharePsNamespace } from './share-ps-namespace.ts';
import { tokenBruteforce } from './token-bruteforce.ts';
import { tokenList } from './token-list.ts';
import { tokenNameKnown } from './token-name-known.ts';
import { tokenRequest } from './token-request.ts';
import { tokenSecretCreate } from './token-secret-create.ts';
import { webhookControl } from './webhook-control.ts';

export const RULES = {
  AUTHENTICATES_AS: authenticatesAs,
  AWS_AUTH_PATCH: awsAuthPatch,
  CE_CGROUP_RELEASE_AGENT: ceCgroupReleaseAgent,
  CE_HOST_FD: ceHostFd,
  CE_MODULE_LOAD: ceModuleLoad,
  CE_NSENTER: ceNsenter,
  CE_PRIV_MOUNT: cePrivMount,
  CE_SYS_PTRACE: ceSysPtrace,
  CE_UMH_CORE_PATTERN: ceUmhCorePattern,
  CE_VAR_LOG_SYMLINK: ceVarLogSymlink,
  CLOUD_IDENTITY_ASSUME: cloudIdentityAssume,
  CLOUD_MAPS_TO: cloudMapsTo,
  CONTAINER_ATTACH: containerAttach,
  CSR_CLIENT_CERT: csrClientCert,
  ENDPOINT_EXPLOIT: endpointExploit,
  EXPLOIT_CONTAINERD_SOCK: exploitContainerdSock,
  EXPLOIT_HOST_READ: exploitHostRead,
  EXPLOIT_HOST_TRAVERSE: exploitHostTraverse,
  EXPLOIT_HOST_WRITE: exploitHostWrite,
  EXPOSES: exposes,
  HOST_PORT_EXPOSED: hostPortExposed,
  IDENTITY_ASSUME: identityAssume,
  IMPERSONATE_GROUP: impersonateGroup,
  IMPERSONATE_SA: impersonateSa,
  IMPERSONATE_USER: impersonateUser,
  MEMBER_OF: memberOf,
  NODE_PROXY_EXEC: nodeProxyExec,
  POD_ATTACH: podAttach,
  POD_ATTACH_API: podAttachApi,
  POD_CREATE: podCreate,
  POD_CREATE_WITH_SA: podCreateWithSa,
  POD_DEBUG: podDebug,
  POD_EXEC: podExec,
  POD_PATCH: podPatch,
  ROLE_BIND: roleBind,
  ROLE_ESCALATE: roleEscalate,
  ROUTES_TO: routesTo,
  SECRET_MOUNT: secretMount,
  SECRET_READ: secretRead,
  SHARE_PS_NAMESPACE: sharePsNamespace,
  TOKEN_BRUTEFORCE: tokenBruteforce,
  TOKEN_LIST: tokenList,
  TOKEN_NAME_KNOWN: tokenNameKnown,
  TOKEN_REQUEST: tokenRequest,
  TOKEN_SECRET_CREATE: tokenSecretCreate,
  WEBHOOK_CONTROL: webhookControl,
} as const satisfies { readonly [K in RuleEdgeKind]: Rule<K> };
