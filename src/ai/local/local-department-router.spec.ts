import { splitCorpus } from './data/routing-corpus';
import { routeText, routeWith, trainRouter } from './local-department-router';

const it_ = (title: string, description = '') => ({ title, description });

describe('local department router', () => {
  it.each([
    it_('VPN does not connect', 'Timeout since this morning'),
    it_('Laptop will not boot', 'Black screen after the logo'),
    it_('Password reset for the payroll portal', 'I am locked out of the payroll portal'),
    it_('Outlook keeps crashing', 'Every time I open a shared mailbox'),
    it_('Need a license for Visio'),
    it_('Printer on the 3rd floor is jammed'),
    it_('Wi-Fi drops in meeting room B'),
    it_('Access to the git repository', 'I need push permission on the backend repo'),
    it_('MFA app lost', 'New phone, cannot approve sign in'),
    it_('Excel crashes with error code 0x800A03EC'),
    it_('Suspicious phishing email', 'Looks like malware attached'),
    it_('Second monitor not detected', 'Docking station issue'),
    it_('Install Docker on my desktop'),
    it_('Teams calls are choppy', 'Network seems slow'),
    it_('Server down', 'The staging server returns 502'),
  ])('routes "$title" to IT', (text) => {
    expect(routeText(text).department).toBe('IT');
  });

  it.each([
    it_('Question about my payslip', 'Salary for March looks wrong'),
    it_('Parental leave', 'How many weeks of paternity leave do I get?'),
    it_('Vacation days left?', 'How much annual leave do I have this year'),
    it_('Report harassment', 'My manager keeps making comments about me'),
    it_('Health insurance for my spouse', 'Can I add family to the benefits plan'),
    it_('Pension contributions'),
    it_('Expense reimbursement for travel', 'Hotel receipts attached'),
    it_('Promotion and performance review timeline'),
    it_('Relocation to the Berlin office', 'Do you help with the visa?'),
    it_('Sick leave certificate', 'I was sick for three days'),
    it_('Training budget for a course'),
    it_('My employment contract', 'I would like a copy of my contract'),
    it_('Resignation process', 'How long is the notice period'),
    it_('Bonus payment missing'),
    it_('Consulta sobre mi nómina'),
  ])('routes "$title" to HR', (text) => {
    expect(routeText(text).department).toBe('HR');
  });

  it('names the strongest evidence in whole words, with its confidence', () => {
    const decision = routeText(it_('VPN and password reset', 'VPN fails'));
    expect(decision).toEqual({
      department: 'IT',
      reason: expect.stringMatching(/^Strongest evidence for IT: .*"vpn".* \(\d+% confident\)$/),
      provider: 'local',
    });
  });

  it('always chooses: with nothing to go on, IT triages and says so', () => {
    expect(routeText(it_('???', '!!!'))).toEqual({
      department: 'IT',
      reason: 'No department vocabulary found; IT triages unclassified tickets',
      provider: 'local',
    });
    expect(['IT', 'HR']).toContain(routeText(it_('Hello', 'Can someone call me?')).department);
  });

  it('weighs the title above the description', () => {
    expect(routeText(it_('Salary question', 'Sent from my laptop')).department).toBe('HR');
  });

  it('is at least 90% accurate on the held-out fifth of the corpus it was not trained on', () => {
    const { train, heldOut } = splitCorpus();
    const model = trainRouter(train);
    const correct = heldOut.filter((example) => routeWith(model, example).department === example.department).length;
    expect(heldOut.length).toBeGreaterThanOrEqual(60);
    expect(correct / heldOut.length).toBeGreaterThanOrEqual(0.9);
  });
});
