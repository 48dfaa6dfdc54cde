// The disclosure attacker on SQLite (test/support/disclosure-attack-suite.ts).
import { describeDisclosureAttack } from '../support/disclosure-attack-suite.ts';

describeDisclosureAttack('sqlite');
