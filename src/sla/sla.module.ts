import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SlaPolicyController } from './sla-policy.controller';
import { SlaPolicyRepository } from './sla-policy.repository';
import { SlaPolicyDocument, SlaPolicySchema } from './sla-policy.schema';
import { SlaPolicyService } from './sla-policy.service';

/** Service levels (SPEC §11.2): the policy admins set, and the calendar its clock runs on. */
@Module({
  imports: [MongooseModule.forFeature([{ name: SlaPolicyDocument.name, schema: SlaPolicySchema }])],
  controllers: [SlaPolicyController],
  providers: [SlaPolicyRepository, SlaPolicyService],
  exports: [SlaPolicyService],
})
export class SlaModule {}
