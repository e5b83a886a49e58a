#!/usr/bin/env node
// The composition root: the only place that reads process.env, process.argv and the terminal.
// Run as `pnpm gitops <command>` from the workspace root, or `node tools/gitops/src/cli.ts`.
import { homedir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Git } from './git/git.ts';
import { withGitHttpToken } from './git/git-http-token.ts';
import { NxWorkspace } from './nx/nx-workspace.ts';
import { runCli } from './run-cli.ts';

const { GITOPS_GIT_TOKEN: gitToken, ...inherited } = process.env;
// GITOPS_GIT_TOKEN (the deployer App's installation token in CI) authenticates git's fetches and
// pushes to the GitHub server, in git's child processes only.
const environment = withGitHttpToken(inherited, process.env.GITHUB_SERVER_URL || 'https://github.com', gitToken);

const exitCode = await runCli(process.argv.slice(2), {
  git: (directory) => new Git(directory, environment),
  nx: (root) => new NxWorkspace(root, environment),
  cwd: process.cwd(),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  githubOutputFile: process.env.GITHUB_OUTPUT,
  connectCluster: async (context) => {
    const { loadKubeConfig } = await import('./cluster/load-kube-config.ts');
    const { KubernetesClusterReader } = await import('./cluster/kubernetes-cluster-reader.ts');
    return new KubernetesClusterReader(
      loadKubeConfig({ kubeconfigVariable: process.env.KUBECONFIG, homeDirectory: homedir(), context }),
    );
  },
  sleep: (ms) => sleep(ms),
  random: Math.random,
  reconnectDelayMs: 1000,
  github: {
    apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    repository: process.env.GITHUB_REPOSITORY || undefined,
    token: process.env.GITHUB_TOKEN || process.env.GH_TOKEN || undefined,
  },
});
// HTTP keep-alive sockets must not keep a finished command alive.
process.exit(exitCode);
