import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/access.decorators';
import { MetricsService } from './metrics.service';

@ApiTags('Operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description:
      'For a Prometheus scraper: request counts and latency histograms labelled by method, route pattern ' +
      '(`/tickets/:id`, never ids) and status code, plus Node.js process metrics. Unauthenticated.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          '# HELP http_requests_total HTTP requests answered, by method, route pattern and status code\n' +
          '# TYPE http_requests_total counter\n' +
          'http_requests_total{method="GET",route="/tickets",status_code="200",service="helpdesk-api"} 42\n',
      },
    },
  })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.type(this.metrics.contentType());
    return this.metrics.render();
  }
}
