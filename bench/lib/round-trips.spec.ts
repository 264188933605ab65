import { commandsSent } from './round-trips';

describe('commandsSent', () => {
  it('counts the app commands by command and collection, without housekeeping or background polls', () => {
    const text = [
      '# HELP database_commands_total Commands sent to the database (round trips), by command name',
      '# TYPE database_commands_total counter',
      'database_commands_total{command="find",collection="tickets",service="helpdesk-api"} 12',
      'database_commands_total{command="find",collection="sessions",service="helpdesk-api"} 4',
      'database_commands_total{service="helpdesk-api",collection="tickets",command="insert"} 3',
      'database_commands_total{command="hello",collection="",service="helpdesk-api"} 40',
      'database_commands_total{command="endSessions"} 2',
      'database_commands_total{command="find",collection="webhook_deliveries"} 30',
      'database_subcommands_total{command="find"} 5',
      'http_requests_total{method="GET",route="/tickets",status="200"} 9',
    ].join('\n');
    expect(commandsSent(text)).toEqual({ 'find tickets': 12, 'find sessions': 4, 'insert tickets': 3 });
  });

  it('is empty before any command was counted', () => {
    expect(commandsSent('# TYPE database_commands_total counter\n')).toEqual({});
  });
});
