/** The app that saved a project, from its `<Project Version="N">`: "31 (Premiere Pro CC 2015.4)". */
export function describePremiereVersion(version: string): string {
  const release = RELEASES[version.trim()];
  return release ? `${version.trim()} (${release})` : version.trim();
}

// Adobe dropped "CC" from the name with the 2020 release.
const RELEASES: Record<string, string> = {
  '30': 'Premiere Pro CC 2015.2',
  '31': 'Premiere Pro CC 2015.4',
  '32': 'Premiere Pro CC 2017',
  '34': 'Premiere Pro CC 2018',
  '36': 'Premiere Pro CC 2019',
  '37': 'Premiere Pro CC 2019.1',
  '38': 'Premiere Pro 2020',
  '39': 'Premiere Pro 2021',
  '40': 'Premiere Pro 2022',
  '41': 'Premiere Pro 2023',
  '42': 'Premiere Pro 2024',
  '43': 'Premiere Pro 2025',
};
