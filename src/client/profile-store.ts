/** The profile operations behind `kgo profile ...`, on the user's config file. */
import { parseBrokerList } from './settings.js';
import {
  checkProfileName,
  deleteProfileFrom,
  getProfile,
  loadProfileConfig,
  profileFromInput,
  saveProfileConfig,
  summarizeProfiles,
  type ProfileInput,
  type ProfileSummary,
} from './profiles.js';

export function createProfile(name: string, input: ProfileInput, env: NodeJS.ProcessEnv = process.env): { name: string; brokers: string[]; active: boolean } {
  checkProfileName(name);
  const config = loadProfileConfig(env);
  const profile = profileFromInput(input, parseBrokerList);
  config.profiles[name] = profile;
  // The first profile becomes active: with one profile there is nothing to choose.
  if (input.use || config.current === undefined) config.current = name;
  saveProfileConfig(config, env);
  return { name, brokers: profile.brokers, active: config.current === name };
}

export function useProfile(name: string, env: NodeJS.ProcessEnv = process.env): void {
  const config = loadProfileConfig(env);
  getProfile(config, name);
  config.current = name;
  saveProfileConfig(config, env);
}

export function deleteProfile(name: string, env: NodeJS.ProcessEnv = process.env): void {
  saveProfileConfig(deleteProfileFrom(loadProfileConfig(env), name), env);
}

export function listProfiles(env: NodeJS.ProcessEnv = process.env): ProfileSummary[] {
  return summarizeProfiles(loadProfileConfig(env));
}
