// The GB 50300 hierarchy this project plans its lots with (its current edition), and the lot
// templates there are, for the 划分 screen.
import type { ProjectActor, Services } from '../context';
import { currentEditionView } from './editions-view';
import { currentDivisions, DIVISIONS_KEY, templatesOf } from './rules';

export function hierarchy(s: Services, actor: ProjectActor) {
  const current = currentDivisions(s.db, actor.projectId);
  return {
    edition: currentEditionView(DIVISIONS_KEY, current),
    divisions: current.data.divisions,
    templates: templatesOf(s.db, actor.projectId).map((t) => ({ key: t.key, title: t.title, subitem: t.subitem })),
  };
}
